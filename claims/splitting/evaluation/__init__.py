"""Evaluation harness: ``python -m claims.splitting.evaluation {checkworthiness,news} ...``."""
