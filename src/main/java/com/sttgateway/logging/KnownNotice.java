package com.sttgateway.logging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops one known, harmless message of a library's logger, and only that message, so that a clean start logs no
 * warning while every other warning of that logger still shows. Any thread.
 */
public final class KnownNotice implements Filter {

  /** Held here: java.util.logging keeps loggers weakly, and a collected logger would lose its filter. */
  private static final Map<String, Logger> HELD = new ConcurrentHashMap<>();

  private final String text;

  private KnownNotice(String text) {
    this.text = text;
  }

  /** Drops the messages of {@code loggerName} that contain {@code text} (idempotent). */
  public static void drop(String loggerName, String text) {
    Logger logger = HELD.computeIfAbsent(loggerName, Logger::getLogger);
    synchronized (logger) {
      if (!(logger.getFilter() instanceof KnownNotice)) {
        logger.setFilter(new KnownNotice(text));
      }
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    String message = record.getMessage();
    return message == null || !message.contains(text);
  }
}
