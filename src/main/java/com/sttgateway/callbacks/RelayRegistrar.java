package com.sttgateway.callbacks;

import com.sttgateway.journal.CallbackJournal;
import com.sttgateway.journal.CallbackRegistration;
import com.sttgateway.journal.SecretBox;
import com.sttgateway.proxy.UpstreamReply;
import com.sttgateway.proxy.UpstreamCalls;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * The gateway's own callback registration in relay mode: the relay URL ({@code callbacks.publicBaseUrl} +
 * {@link #PATH}) and its secret, derived from the journal key and journaled sealed like any registration (so
 * recovery re-registers it and every restart verifies with the same secret; a gateway that journaled a random one
 * before keeps it), registered upstream on demand and by every recovery run. Any thread.
 */
public final class RelayRegistrar {

  /** The reserved path of the relay endpoint on the client port; never forwarded upstream. */
  public static final String PATH = "/__gateway/relay";
  private static final Logger LOG = Logger.getLogger(RelayRegistrar.class.getName());

  private final String relayUrl;
  private final UpstreamCalls upstream;
  private final CallbackJournal journal;
  private final SecretBox secrets;
  private Future<String> secret;
  private volatile boolean registered;

  public RelayRegistrar(String publicBaseUrl, UpstreamCalls upstream, CallbackJournal journal,
      SecretBox secrets) {
    this.relayUrl = CallbackRegistration.normalize(publicBaseUrl + PATH);
    this.upstream = upstream;
    this.journal = journal;
    this.secrets = secrets;
  }

  public String relayUrl() {
    return relayUrl;
  }

  /** The relay secret, journaled (under {@code tenant}) when it is not yet. */
  synchronized Future<String> secret(String tenant) {
    if (secret == null || secret.failed()) {
      secret = journal.get(relayUrl).compose(existing -> {
        if (existing != null && existing.encryptedSecret() != null) {
          return Future.succeededFuture(secrets.decrypt(existing.encryptedSecret()));
        }
        // Derived, not random: members that create it at once (all at start) journal the same secret.
        String fresh = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(secrets.derive("relay secret " + relayUrl));
        Instant now = Instant.now();
        return journal.save(new CallbackRegistration(relayUrl, secrets.encrypt(fresh), tenant, now, now, "new"))
            .map(fresh);
      });
    }
    return secret;
  }

  /** The journaled relay secret; null when the gateway never registered its relay URL. */
  synchronized Future<String> knownSecret() {
    if (secret != null && secret.succeeded()) {
      return secret;
    }
    return journal.get(relayUrl).map(r -> r == null ? null : secrets.decrypt(r.encryptedSecret()));
  }

  /**
   * Registers the relay URL upstream with the client's {@code authorization} unless this process already did
   * (then null); the upstream answers the challenge GET at the relay endpoint. The reply says whether it worked.
   */
  Future<UpstreamReply> ensureRegistered(String authorization, String tenant) {
    return registered ? Future.succeededFuture() : register(authorization, tenant);
  }

  /** Registers the relay URL upstream; also checks the client's credential, since the upstream answers 401. */
  Future<UpstreamReply> register(String authorization, String tenant) {
    return secret(tenant).compose(s -> upstream.call(HttpMethod.POST, upstream.basePath()
            + "/v1/register_callback?callback_url=" + encode(relayUrl) + "&user_secret=" + encode(s), authorization))
        .compose(reply -> {
          boolean ok = reply.status() == 200 || reply.status() == 201;
          if (ok && !registered) {
            LOG.info("relay URL registered upstream (" + reply.status() + "): " + relayUrl);
          }
          registered = ok;
          return ok ? recordSuccess(tenant, reply).map(reply) : Future.succeededFuture(reply);
        });
  }

  /**
   * Journals the outcome under the tenant that just registered: recovery (replay.auth=client) re-registers with a
   * credential kept from that tenant's jobs, so it should be one the upstream accepted.
   */
  private Future<Void> recordSuccess(String tenant, UpstreamReply reply) {
    String result = reply.status() + (reply.status() == 201 ? " created" : " already created");
    return journal.get(relayUrl).compose(r -> r == null ? Future.<Void>succeededFuture()
        : journal.save(new CallbackRegistration(relayUrl, r.encryptedSecret(), tenant, r.created(), Instant.now(),
            result))).otherwiseEmpty();
  }

  /** The upstream may have lost the registration (it refused a job naming the relay URL): register next time. */
  void forgetRegistration() {
    registered = false;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
