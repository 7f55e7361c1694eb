package com.sttgateway.metrics;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops Micrometer's "This Gauge has been already registered" warning for Vert.x's own gauges, and only those.
 * Vert.x's Micrometer metrics register their connection and active-request gauges again at every use by design (a
 * {@code LongAdder} looked up in its own table, vert-x3/vertx-micrometer-metrics#259), and Micrometer 1.13.9 and
 * later warns at the first re-registration (micrometer-metrics/micrometer#6931): every gateway start logged it at
 * the second upstream request. Any other double registration still warns. Any thread.
 */
final class GaugeReRegistrationFilter implements Filter {

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose its filter. */
  private static final Logger MICROMETER = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private GaugeReRegistrationFilter() {}

  /** Installs the filter once (idempotent). */
  static synchronized void install() {
    if (!(MICROMETER.getFilter() instanceof GaugeReRegistrationFilter)) {
      MICROMETER.setFilter(new GaugeReRegistrationFilter());
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    return message == null || !(message.startsWith("This Gauge has been already registered (MeterId{name='vertx."));
  }
}
