"""The Quotes page, the quote builder, and the preview, print and e-mail dialogs."""
