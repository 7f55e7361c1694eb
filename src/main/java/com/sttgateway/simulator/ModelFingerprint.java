package com.sttgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * SHA-256 (64 lowercase hex digits) of a custom model's canonical description: kind and base model, then its
 * corpora, grammars and audio (sorted by name, each with content type and content digest), its user words with
 * their definitions (sorted), and finally the training parameters. Ids, model names, descriptions and timestamps
 * stay out, so two models built alike get equal fingerprints. Stateless.
 */
final class ModelFingerprint {

  private ModelFingerprint() {
  }

  /** The fingerprint of the content alone (what "modified since the last training" compares). */
  static String content(ModelKind kind, String baseModel, ModelContent content) {
    return sha256(describe(kind, baseModel, content).toString());
  }

  /** The fingerprint of a model trained on {@code content} with {@code training}. */
  static String trained(ModelKind kind, String baseModel, ModelContent content, Training training) {
    return sha256(describe(kind, baseModel, content).append(training.canonical()).append('\n').toString());
  }

  private static StringBuilder describe(ModelKind kind, String baseModel, ModelContent content) {
    StringBuilder text = new StringBuilder(kind.path()).append('\t').append(baseModel).append('\n');
    for (ResourceType type : ResourceType.values()) {
      for (Map.Entry<String, ModelResource> entry : content.resources(type).entrySet()) {
        ModelResource resource = entry.getValue();
        text.append(type.path()).append('\t').append(entry.getKey()).append('\t').append(resource.contentType())
            .append('\t').append(resource.containedContentType()).append('\t').append(resource.sha256())
            .append('\n');
      }
    }
    content.words().values().forEach(word -> text.append("word\t").append(word.canonical()).append('\n'));
    return text;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
