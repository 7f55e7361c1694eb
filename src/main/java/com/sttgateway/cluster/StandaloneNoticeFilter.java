package com.sttgateway.cluster;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops Hazelcast's "No join method is enabled! Starting standalone." warning, and only that one: a gateway with no
 * members configured starts its member alone on purpose (no join, so it can never join another gateway), and a
 * clean start logs no warning. Any other Hazelcast warning still shows. Any thread.
 */
final class StandaloneNoticeFilter implements Filter {

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose its filter. */
  private static final Logger NODE = Logger.getLogger("com.hazelcast.instance.impl.Node");

  private StandaloneNoticeFilter() {}

  /** Installs the filter once (idempotent). */
  static synchronized void install() {
    if (!(NODE.getFilter() instanceof StandaloneNoticeFilter)) {
      NODE.setFilter(new StandaloneNoticeFilter());
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    return message == null || !message.contains("No join method is enabled! Starting standalone.");
  }
}
