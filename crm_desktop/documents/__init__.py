"""PDF proposals and report exports (ReportLab). No Qt."""
