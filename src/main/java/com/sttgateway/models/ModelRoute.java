package com.sttgateway.models;

import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request to a customization route, parsed: kind, client id (null for the collection), the sub-resource
 * ({@code corpora}, {@code words}, {@code train}...), its name (raw and decoded), the upstream base path and the
 * query. Null from {@link #match} for any other route. Immutable.
 */
record ModelRoute(ModelKind kind, String upstreamBase, String id, String sub, String rawName, String name,
    String query) {

  private static final Pattern MODELS = Pattern.compile(
      "^(.*)/v1/(customizations|acoustic_customizations)(?:/([^/]+)(?:/([a-z_]+)(?:/([^/]+))?)?)?/?$");

  static ModelRoute match(HttpServerRequest request, UpstreamTarget target) {
    if (!MODELS.matcher(request.path()).matches()) {
      return null;
    }
    String upstreamUri = target.uri(request.path());
    Matcher m = MODELS.matcher(upstreamUri);
    if (!m.matches()) {
      return null;
    }
    String raw = m.group(5);
    return new ModelRoute(ModelKind.ofPath(m.group(2)), m.group(1), m.group(3), m.group(4), raw,
        raw == null ? null : Query.decode(raw.replace("+", "%2B")), request.query() == null ? "" : request.query());
  }

  /** The upstream URI of this route with the model's upstream id and the query's ids mapped. */
  String upstreamUri(ModelIdMap ids) {
    StringBuilder uri = new StringBuilder(upstreamBase).append("/v1/").append(kind.path());
    if (id != null) {
      uri.append('/').append(ids.upstreamId(id));
    }
    if (sub != null) {
      uri.append('/').append(sub);
    }
    if (rawName != null) {
      uri.append('/').append(rawName);
    }
    String q = ids.upstreamQuery(query);
    return q.isEmpty() ? uri.toString() : uri.append('?').append(q).toString();
  }

  /** The path (no query) of the model's collection or of the model at {@code upstreamId}. */
  String modelPath(String upstreamId) {
    return upstreamBase + "/v1/" + kind.path() + (upstreamId == null ? "" : "/" + upstreamId);
  }

  ModelResource.Type resourceType() {
    return sub == null ? null : ModelResource.Type.ofPath(sub);
  }
}
