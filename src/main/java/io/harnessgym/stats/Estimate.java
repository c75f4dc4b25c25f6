package io.harnessgym.stats;

/** A figure and its confidence interval. */
public record Estimate(double value, Interval interval) {}
