package com.sttgateway.models;

import com.sttgateway.proxy.CustomizationIds;
import com.sttgateway.proxy.Query;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Client customization ids to the upstream's current ones and back, from the vault's index. A model the vault does
 * not know (or a tombstone) keeps its id. Thread-safe.
 */
public record ModelIdMap(ModelVault vault) implements CustomizationIds {

  static final Set<String> ID_PARAMETERS = Set.of("language_customization_id", "customization_id",
      "acoustic_customization_id", "custom_language_model_id");

  /** The upstream id for client id {@code clientId}. */
  public String upstreamId(String clientId) {
    ModelEntry entry = vault.get(clientId);
    return entry == null || entry.state() == ModelState.DELETED || entry.upstreamId() == null ? clientId
        : entry.upstreamId();
  }

  /** The client id for upstream id {@code upstreamId}. */
  public String clientId(String upstreamId) {
    ModelEntry entry = upstreamId == null ? null : vault.byUpstreamId(upstreamId);
    return entry == null ? upstreamId : entry.id();
  }

  @Override
  public String upstreamQuery(String query) {
    if (query == null || query.isEmpty()) {
      return query == null ? "" : query;
    }
    StringJoiner out = new StringJoiner("&");
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : Query.decode(pair.substring(0, eq));
      if (eq >= 0 && ID_PARAMETERS.contains(key)) {
        String mapped = upstreamId(Query.decode(pair.substring(eq + 1)));
        pair = pair.substring(0, eq + 1) + URLEncoder.encode(mapped, StandardCharsets.UTF_8);
      }
      out.add(pair);
    }
    return out.toString();
  }

  @Override
  public String restoring(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String name : ID_PARAMETERS) {
      ModelEntry entry = vault.get(Query.firstOrNull(query, name));
      if (entry != null && entry.state() == ModelState.RESTORING) {
        return entry.id();
      }
    }
    return null;
  }
}
