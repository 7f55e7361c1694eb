package com.sttgateway.models;

import com.sttgateway.GatewayException;
import com.sttgateway.proxy.Query;
import com.sttgateway.proxy.RouteFamily;
import com.sttgateway.proxy.UpstreamTarget;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.regex.Pattern;

/**
 * The model routes: every call under {@code .../v1/customizations} and {@code .../v1/acoustic_customizations}
 * (journaled in the vault, ids mapped), and the synchronous and WebSocket {@code .../v1/recognize} (ids mapped;
 * 503 while a model it names is being restored). Event loop only.
 */
final class ModelRoutes implements RouteFamily {

  private static final Pattern RECOGNIZE = Pattern.compile("^.*/v1/recognize/?$");

  private final UpstreamTarget target;
  private final ModelExchange x;
  private final DefinitionCalls definitions;
  private final ResourceCalls resources;
  private final WordCalls words;
  private final ModelReads reads;

  ModelRoutes(UpstreamTarget target, ModelExchange x, ResourceCalls resources) {
    this.target = target;
    this.x = x;
    this.definitions = new DefinitionCalls(x);
    this.resources = resources;
    this.words = new WordCalls(x);
    this.reads = new ModelReads(x);
  }

  @Override
  public Handling route(HttpServerRequest request) {
    if (RECOGNIZE.matcher(request.path()).matches()) {
      return () -> recognize(request);
    }
    ModelRoute route = ModelRoute.match(request, target);
    return route == null ? null : () -> dispatch(request, route);
  }

  /** Ids mapped for the passthrough; a model being restored cannot serve yet: 503 with Retry-After. */
  private Future<Boolean> recognize(HttpServerRequest request) {
    String query = request.query();
    if (query == null || query.isEmpty()) {
      return Future.succeededFuture(false);
    }
    try {
      Query.check(query);
    } catch (GatewayException malformed) {
      return Future.succeededFuture(false); // the upstream answers it, as before the vault
    }
    String restoring = x.ids.restoring(query);
    if (restoring != null) {
      return Future.failedFuture(GatewayException.unavailable("the custom model " + restoring
          + " is being restored by the gateway after the service lost it; retry later", 30));
    }
    String mapped = x.ids.upstreamQuery(query);
    if (mapped.equals(query)) {
      return Future.succeededFuture(false);
    }
    x.passthrough.forward(request, request.path() + "?" + mapped);
    return Future.succeededFuture(true);
  }

  private Future<Boolean> dispatch(HttpServerRequest request, ModelRoute route) {
    HttpMethod m = request.method();
    if (route.id() == null) {
      return m == HttpMethod.POST ? definitions.create(request, route)
          : m == HttpMethod.GET ? reads.list(request, route) : x.forward(request, route);
    }
    if (route.sub() == null) {
      return m == HttpMethod.GET ? reads.get(request, route)
          : m == HttpMethod.DELETE ? definitions.delete(request, route) : x.forward(request, route);
    }
    ModelEntry entry = x.vault.get(route.id());
    if (entry != null && entry.state() == ModelState.RESTORING && m != HttpMethod.GET) {
      return Future.failedFuture(GatewayException.unavailable("the custom model " + route.id()
          + " is being restored by the gateway after the service lost it; retry later", 30));
    }
    if (route.resourceType() != null && route.rawName() != null) {
      return m == HttpMethod.POST ? resources.add(request, route)
          : m == HttpMethod.DELETE ? resources.delete(request, route) : x.forward(request, route);
    }
    if (route.sub().equals("words")) {
      if (route.rawName() == null) {
        return m == HttpMethod.POST ? words.addMany(request, route) : x.forward(request, route);
      }
      return m == HttpMethod.PUT ? words.putOne(request, route)
          : m == HttpMethod.DELETE ? words.delete(request, route) : x.forward(request, route);
    }
    if (m == HttpMethod.POST && route.sub().equals("train")) {
      return definitions.train(request, route);
    }
    if (m == HttpMethod.POST && route.sub().equals("upgrade_model")) {
      return definitions.upgrade(request, route);
    }
    if (m == HttpMethod.POST && route.sub().equals("reset")) {
      return definitions.reset(request, route);
    }
    return x.forward(request, route);
  }
}
