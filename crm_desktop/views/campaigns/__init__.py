"""The Campaigns page: plan, target list, members, e-mail and return of a campaign."""
