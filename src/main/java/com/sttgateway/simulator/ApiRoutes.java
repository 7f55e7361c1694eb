package com.sttgateway.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The API port's route table: the IAM stand-in (outside basePath, before faults and auth), then faults, then auth,
 * then the upstream's routes under basePath. Built once.
 */
final class ApiRoutes {

  private ApiRoutes() {
  }

  static Router build(Router router, String base, IamEndpoint iam, Faults faults, AuthGate auth, JobRoutes jobs,
      CallbackRoutes callbacks, ModelCatalog models, SyncRecognizeRoute sync, RecognizeSocket socket,
      CustomizationRoutes customizations) {
    iam.mount(router);
    router.route(base + "/*").handler(faults).handler(auth);
    customizations.mount(router, faults, auth);
    jobs.mount(router, base);
    callbacks.mount(router, base);
    models.mount(router, base);
    sync.mount(router, base);
    socket.mount(router, base);
    new EchoRoute().mount(router, base);
    router.route().failureHandler(Replies::failure);
    router.errorHandler(404, ApiRoutes::noSuchResource);
    router.errorHandler(405, ctx -> Replies.error(ctx.request(), new ApiException(405, "Method not allowed")));
    return router;
  }

  /** The upstream's observed unknown-path body: "No Such Resource" rather than the usual reason phrase. */
  private static void noSuchResource(RoutingContext ctx) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = new JsonObject()
        .put("error", "No such child resource.")
        .put("code", 404)
        .put("code_description", "No Such Resource");
    Replies.json(ctx.response(), 404, body);
  }
}
