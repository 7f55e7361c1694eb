package com.sttgateway.simulator;

/** The two kinds of custom model, with the path segment and the name the service's messages use. */
enum ModelKind {
  LANGUAGE("customizations", "custom language model"),
  ACOUSTIC("acoustic_customizations", "custom acoustic model");

  private final String path;
  private final String label;

  ModelKind(String path, String label) {
    this.path = path;
    this.label = label;
  }

  /** The segment after /v1/, e.g. {@code customizations}. */
  String path() {
    return path;
  }

  String label() {
    return label;
  }
}
