package com.sttgateway.models;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * One corpus, grammar or audio resource as the vault keeps it: its name, content types, object key, size and
 * SHA-256 of the body exactly as the client sent it. Immutable.
 */
public record ModelResource(Type type, String name, String contentType, String containedContentType, String key,
    long bytes, String sha256, String added) {

  /** Resource types, by the path segment the API gives each, in the order a restore adds them. */
  public enum Type {
    CORPUS("corpora"), GRAMMAR("grammars"), AUDIO("audio");

    private final String path;

    Type(String path) {
      this.path = path;
    }

    public String path() {
      return path;
    }

    static Type ofPath(String path) {
      for (Type t : values()) {
        if (t.path.equals(path)) {
          return t;
        }
      }
      return null;
    }
  }

  JsonObject toJson() {
    return new JsonObject().put("type", type.name().toLowerCase(Locale.ROOT)).put("name", name)
        .put("contentType", contentType).put("containedContentType", containedContentType).put("key", key)
        .put("bytes", bytes).put("sha256", sha256).put("added", added);
  }

  static ModelResource fromJson(JsonObject json) {
    return new ModelResource(Type.valueOf(json.getString("type").toUpperCase(Locale.ROOT)), json.getString("name"),
        json.getString("contentType"), json.getString("containedContentType"), json.getString("key"),
        json.getLong("bytes", 0L), json.getString("sha256"), json.getString("added"));
  }

  /** The restore-progress marker of this resource: {@code corpora/name}. */
  String marker() {
    return type.path() + "/" + name;
  }
}
