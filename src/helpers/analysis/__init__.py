"""Analysis: statistics, money, coverage, findings, the fact check, the estimator and the SQL warehouse."""
