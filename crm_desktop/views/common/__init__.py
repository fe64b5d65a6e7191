"""What every area of the UI uses: the app context, operations on workers, formats, labels, field
errors, table models.
"""
