"""Importing a company's data from spreadsheets: reading files, mapping columns, batches."""
