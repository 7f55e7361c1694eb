package com.sttgateway.simulator;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The custom model API's table of contents: models, training, resources and words, mounted under the base path
 * (and under other instances' base paths, see {@link InstancePaths}, behind the same faults and auth). Built once.
 */
final class CustomizationRoutes {

  private final InstancePaths instances;
  private final ModelRoutes modelRoutes;
  private final ResourceRoutes resourceRoutes;
  private final WordRoutes wordRoutes;

  CustomizationRoutes(Vertx vertx, CustomModels models, ModelCatalog catalog, SimulatorCounters counters,
      SimulatorOptions options) {
    this.instances = InstancePaths.of(options.basePath());
    CustomizationOptions limits = options.customization();
    ModelLifecycle lifecycle = new ModelLifecycle(vertx, models, counters, limits);
    this.modelRoutes = new ModelRoutes(models, catalog, new ModelTraining(models, lifecycle, instances, limits),
        instances);
    this.resourceRoutes = new ResourceRoutes(models, new ResourceUpload(models, lifecycle, instances, limits),
        instances);
    this.wordRoutes = new WordRoutes(models, lifecycle, instances);
  }

  /** Call after the base path's faults and auth handlers, before the routes of other instances could match. */
  void mount(Router router, Handler<RoutingContext> faults, Handler<RoutingContext> auth) {
    if (instances.otherRegex() != null) {
      router.routeWithRegex(instances.otherRegex()).handler(faults).handler(auth);
    }
    modelRoutes.mount(router);
    resourceRoutes.mount(router);
    wordRoutes.mount(router);
  }
}
