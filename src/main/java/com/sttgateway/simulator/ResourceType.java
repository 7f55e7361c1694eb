package com.sttgateway.simulator;

/** The resources a custom model holds, with their path segment and the word the service's messages use. */
enum ResourceType {
  CORPUS("corpora", "corpus"),
  GRAMMAR("grammars", "grammar"),
  AUDIO("audio", "audio resource");

  private final String path;
  private final String label;

  ResourceType(String path, String label) {
    this.path = path;
    this.label = label;
  }

  String path() {
    return path;
  }

  String label() {
    return label;
  }
}
