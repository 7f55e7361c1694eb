package com.sttgateway.callbacks;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.jobs.Tenant;
import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.ObjectStore;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.metrics.GatewayMetrics;
import com.sttgateway.proxy.RouteFamily;
import com.sttgateway.proxy.UpstreamCalls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServerRequest;
import java.util.logging.Logger;

/**
 * Relay mode (P4) in one place: the relay endpoint, the registration routes that play the upstream, the job-query
 * rewrite, and the delivery queue. Built only when {@code callbacks.publicBaseUrl} is set. Any thread.
 */
public final class Relay {

  /** Paths under this prefix belong to the gateway and are never forwarded upstream. */
  public static final String RESERVED_PREFIX = "/__gateway/";
  /** The tenant the relay registration is journaled under until a client's credential registers it. */
  private static final String GATEWAY_TENANT = "gateway";
  private static final Logger LOG = Logger.getLogger(Relay.class.getName());

  private final RelayRegistrar registrar;
  private final CallbackJournal callbacks;
  private final CallbackGuard guard;
  private final ChallengeHandshake handshake;
  private final SecretBox secrets;
  private final DeliveryQueue deliveries;
  private final RelayEndpoint endpoint;
  private final String relayPath;

  /**
   * {@code clients}: the HTTP client for calls to clients' callback URLs (challenges, deliveries);
   * {@code upstream}: the one for the relay's own registration.
   */
  public Relay(Vertx vertx, HttpClient clients, UpstreamCalls upstream, CallbackJournal callbacks,
      SecretBox secrets, JobJournal jobs, ObjectStore store, GatewayConfig.Callbacks settings,
      GatewayConfig.Journal journalSettings, GatewayMetrics metrics) {
    this.registrar = new RelayRegistrar(settings.publicBaseUrl(), upstream, callbacks, secrets);
    this.callbacks = callbacks;
    this.secrets = secrets;
    this.guard = new CallbackGuard(vertx, settings);
    this.handshake = new ChallengeHandshake(clients, guard, settings.signatureAlgorithm());
    ClientNotifier notifier = new ClientNotifier(clients, callbacks, secrets, guard, settings.signatureAlgorithm());
    JobRetirement retirement = new JobRetirement(jobs, store, journalSettings);
    this.deliveries = new DeliveryQueue(vertx, store, notifier, retirement::resultsDelivered, settings, metrics);
    this.endpoint = new RelayEndpoint(vertx, registrar, jobs, deliveries);
    // A public URL with a path (a reverse proxy that keeps it) reaches the gateway as that path.
    this.relayPath = java.net.URI.create(registrar.relayUrl()).getRawPath();
  }

  /** True for the gateway's own paths: the reserved prefix, and the relay URL's path as the upstream calls it. */
  private boolean owns(String path) {
    return path.startsWith(RESERVED_PREFIX) || path.equals(relayPath);
  }

  /** The URL registered upstream and put into relayed jobs. */
  public String relayUrl() {
    return registrar.relayUrl();
  }

  /**
   * Journals the relay's registration (so that every recovery run registers it upstream, and resubmissions can go
   * with the relay URL and a marker: RelayRewrite.marked) and resumes the deliveries journaled before a restart.
   */
  public Future<Integer> start() {
    return registrar.secret(GATEWAY_TENANT).<Void>mapEmpty()
        .onFailure(err -> LOG.warning("relay: could not journal the relay registration (it is journaled when a "
            + "client first names a callback URL): " + err.getMessage()))
        .transform(v -> deliveries.start());
  }

  public void stop() {
    deliveries.stop();
  }

  /**
   * The gateway's own paths: the relay endpoint (the upstream's challenge and notifications), 404 for any other
   * reserved path; with {@code relay} null (direct mode), 404 for every one. Never forwarded upstream.
   */
  public static RouteFamily endpoint(Relay relay) {
    return request -> relay != null ? relay.route(request) : !request.path().startsWith(RESERVED_PREFIX) ? null
        : () -> Future.failedFuture(new GatewayException(404, "no such gateway route: " + request.path()
            + " (relay mode is off: callbacks.publicBaseUrl is not set)"));
  }

  private RouteFamily.Handling route(HttpServerRequest request) {
    String path = request.path();
    if (path.equals(RelayRegistrar.PATH) || path.equals(relayPath)) {
      return () -> {
        endpoint.handle(request);
        return Future.succeededFuture(true);
      };
    }
    return !owns(path) ? null
        : () -> Future.failedFuture(new GatewayException(404, "no such gateway route: " + path));
  }

  /** register_callback / unregister_callback in relay mode. */
  public RouteFamily registrations() {
    return new RelayRoutes(registrar, guard, handshake, callbacks, secrets);
  }

  /**
   * The query a submission goes upstream with: a {@code callback_url} must have been registered through the
   * gateway (else 400, as the upstream would answer) and is replaced by the relay URL, which is registered
   * upstream first when this process has not done so yet (with the submitter's credential, if the upstream is up).
   */
  public Future<String> upstreamQuery(HttpServerRequest request, String query, boolean upstreamUp) {
    String url = RelayRewrite.callbackUrl(query);
    if (url == null) {
      return Future.succeededFuture(query);
    }
    Future<CallbackRegistration> registration;
    try {
      registration = callbacks.get(CallbackRegistration.normalize(url));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new GatewayException(400, e.getMessage()));
    }
    return registration.compose(r -> r == null
        ? Future.failedFuture(new GatewayException(400, "callback_url '" + url
            + "' is not allowlisted: register it with POST /v1/register_callback first"))
        : upstreamUp ? registrar.ensureRegistered(request.getHeader("Authorization"), Tenant.of(request))
            .<Void>mapEmpty().otherwiseEmpty() : Future.<Void>succeededFuture())
        .map(v -> RelayRewrite.toRelay(query, registrar.relayUrl()));
  }

  /**
   * The upstream refused a relayed job with 400: registers the relay URL again and tells whether the upstream had
   * lost it (then the job should be queued and resubmitted, not refused).
   * UNCONFIRMED upstream behaviour: a 201 "created" (not 200 "already created") is taken to mean the upstream did
   * not have the URL, so its 400 was for the URL; any other 400 reason leaves the registration at 200.
   */
  public Future<Boolean> registrationWasLost(HttpServerRequest request) {
    registrar.forgetRegistration();
    return registrar.register(request.getHeader("Authorization"), Tenant.of(request))
        .map(reply -> reply.status() == 201);
  }
}
