package com.sttgateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Set;

/**
 * Keeps metric labels that clients can choose within a fixed set, so a stream of made-up HTTP methods (or odd
 * status codes) cannot grow {@code /metrics} without bound: an unknown method becomes {@code other}, a status
 * outside 100-599 becomes {@code other}. Thread-safe (stateless).
 */
final class LabelBounds {

  static final String OTHER = "other";
  /** The methods of HTTP/1.1 (RFC 9110) and PATCH; Speech to Text uses a few of them. */
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private LabelBounds() {}

  /** Adds the bounds to {@code registry}; call before any meter is registered. */
  static void apply(MeterRegistry registry) {
    registry.config()
        .meterFilter(MeterFilter.replaceTagValues("method", method -> METHODS.contains(method) ? method : OTHER))
        .meterFilter(MeterFilter.replaceTagValues("code", LabelBounds::code));
  }

  private static String code(String code) {
    return code.matches("[1-5]\\d\\d") ? code : OTHER;
  }
}
