package com.sttgateway.simulator;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the custom model routes are mounted and which service instance owns a request's models; immutable.
 * With a base path {@code {prefix}/instances/{id}}, the model routes also answer for any other instance id under
 * the same prefix, each with its own models (custom models belong to the instance that created them; jobs and
 * recognition still serve only the configured instance). With any other base path there is one owner.
 *
 * @param mountBase   {@code {prefix}/instances/:instance}, or the base path itself
 * @param prefix      what precedes {@code /instances/}, or null when the base path has no instance
 * @param otherRegex  a regex for model routes of instances other than the configured one, or null
 */
record InstancePaths(String mountBase, String prefix, String otherRegex) {

  private static final Pattern INSTANCE = Pattern.compile("^(.*)/instances/([^/]+)$");

  static InstancePaths of(String basePath) {
    Matcher matcher = INSTANCE.matcher(basePath);
    if (!matcher.matches()) {
      return new InstancePaths(basePath, null, null);
    }
    String prefix = matcher.group(1);
    String other = Pattern.quote(prefix + "/instances/") + "(?!" + Pattern.quote(matcher.group(2) + "/") + ")"
        + "[^/]+/v1/(acoustic_)?customizations(/.*)?";
    return new InstancePaths(prefix + "/instances/:instance", prefix, other);
  }

  /** The owner of the models this request may see: its instance's base path. */
  String owner(RoutingContext ctx) {
    return prefix == null ? mountBase : prefix + "/instances/" + ctx.pathParam("instance");
  }
}
