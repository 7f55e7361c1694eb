package com.sttgateway.models;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Every object the vault has in the store, named in one place: {@code models/{clientId}/model.json} (the entry) and
 * {@code models/{clientId}/{corpora|grammars|audio}/{url-encoded name}/{upload}} (a resource's body). Any thread.
 */
public final class ModelObjects {

  static final String PREFIX = "models/";
  static final String ENTRY = "/model.json";

  private ModelObjects() {}

  /** A model's entry: the source of truth for its definition, resources, words, training, state and history. */
  public static String entry(String clientId) {
    return PREFIX + clientId + ENTRY;
  }

  /**
   * One upload of a resource's body as the client sent it: {@code models/{id}/{type}/{name}/{upload}}. Each upload
   * has its own key, so a refused overwrite never touches the body the entry points at.
   */
  public static String resource(String clientId, ModelResource.Type type, String name, String upload) {
    return PREFIX + clientId + "/" + type.path() + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/"
        + upload;
  }

  /** True for an entry key (not a resource body). */
  static boolean isEntry(String key) {
    return key.startsWith(PREFIX) && key.endsWith(ENTRY) && key.indexOf('/', PREFIX.length()) == key.length()
        - ENTRY.length();
  }
}
