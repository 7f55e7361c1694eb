package com.sttgateway.models;

import java.util.Locale;

/** The two kinds of custom model, named by the path segment the API gives each. Immutable. */
public enum ModelKind {
  LANGUAGE("customizations"), ACOUSTIC("acoustic_customizations");

  private final String path;

  ModelKind(String path) {
    this.path = path;
  }

  /** The API's path segment: {@code /v1/{path}}. */
  public String path() {
    return path;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ModelKind ofPath(String path) {
    return path.equals(ACOUSTIC.path) ? ACOUSTIC : LANGUAGE;
  }

  static ModelKind ofWire(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
