package com.sttgateway.config;

/** A configured secret: its value is never printed. */
public record Secret(String value) {

  public static final Secret NONE = new Secret("");

  public boolean isSet() {
    return !value.isEmpty();
  }

  @Override
  public String toString() {
    return isSet() ? "****" : "(unset)";
  }
}
