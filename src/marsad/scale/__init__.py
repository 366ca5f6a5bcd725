"""Scaling out: both cores of one machine, incremental analysis of a growing store, Apache Spark."""
