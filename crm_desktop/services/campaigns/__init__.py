"""Marketing campaigns: plan, target list, members, responses and attribution."""
