package com.sttgateway.config;

/** An invalid setting; the message names the key and what was expected. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String key, Object actual, String expected) {
    super(key + ": '" + actual + "' (expected: " + expected + ")");
  }

  public ConfigException(String message) {
    super(message);
  }
}
