"""Every read of vendors for a page or an endpoint: members see every vendor and
assessment (as every member sees every system); 404 for missing and forbidden alike.
vendors.py reads vendors and products, assessments.py assessments."""
