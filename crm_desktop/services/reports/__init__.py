"""Reports for reps and managers: activity, pipeline, funnel, customer value, RFM."""
