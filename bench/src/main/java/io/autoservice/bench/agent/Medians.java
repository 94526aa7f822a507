package io.autoservice.bench.agent;

import java.util.List;

/** The median of a sample (the mean of the middle two for an even count). */
final class Medians {
  private Medians() {}

  static double of(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }
}
