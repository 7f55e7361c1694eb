package com.sttgateway.recovery;

import static java.util.Objects.requireNonNull;

import com.sttgateway.GatewayException;
import com.sttgateway.config.GatewayConfig;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The Authorization header a recovery run resubmits a job with, as {@code replay.auth} says: the submitter's own
 * (client, decrypted from the job's record), a configured bearer or basic credential, or an IAM token exchanged
 * for the configured API key. Thread-safe; never blocks; never logs or reports a secret.
 *
 * <p>Failures are {@link GatewayException}s: 401 when there is no usable credential (retrying will not help, so
 * park the job), any other status (502, 503) when IAM is failing or unreachable for now (try again later).
 */
public final class ReplayCredentials {

  /** The values of replay.auth. */
  private enum Mode { CLIENT, IAM, BEARER, BASIC }

  private final Mode mode;
  private final SecretBox secrets;
  private final IamTokens iam;
  private final String fixedHeader;
  private final String description;

  /**
   * @param http    client for the IAM exchange (iam only); the caller owns and closes it
   * @param secrets the journal's box, which opens the sealed submitter credentials (client only)
   */
  public ReplayCredentials(Vertx vertx, WebClient http, GatewayConfig.Replay settings, SecretBox secrets) {
    requireNonNull(settings, "settings");
    this.mode = mode(settings.auth());
    this.secrets = mode == Mode.CLIENT ? requireNonNull(secrets, "secrets") : secrets;
    this.iam = mode == Mode.IAM ? new IamTokens(vertx, http, settings.iamUrl(), settings.apiKey()) : null;
    this.fixedHeader = switch (mode) {
      case BEARER -> "Bearer " + required(settings.bearerToken().value(), "replay.bearerToken");
      case BASIC -> "Basic " + Base64.getEncoder().encodeToString((required(settings.username(), "replay.username")
          + ":" + required(settings.password().value(), "replay.password")).getBytes(StandardCharsets.UTF_8));
      default -> null;
    };
    this.description = switch (mode) {
      case CLIENT -> "client (the submitter's own credential, kept encrypted with each job)";
      case BEARER -> "bearer (a configured static token)";
      case BASIC -> "basic (user " + settings.username() + ")";
      case IAM -> null; // changes with every token: see describe()
    };
  }

  /** The Authorization header value to resubmit this job with; fails with a clear message when there is none. */
  public Future<String> authorization(JobRecord record) {
    requireNonNull(record, "record");
    return switch (mode) {
      case CLIENT -> submitters(record);
      case IAM -> iam.token().map(token -> "Bearer " + token);
      case BEARER, BASIC -> Future.succeededFuture(fixedHeader);
    };
  }

  /** The configured service credential, for calls that belong to no job (callback re-registration). */
  public Future<String> serviceAuthorization() {
    return switch (mode) {
      case CLIENT -> Future.failedFuture(new GatewayException(401,
          "no job of this tenant kept a credential; set replay.auth to iam, bearer or basic"));
      case IAM -> iam.token().map(token -> "Bearer " + token);
      case BEARER, BASIC -> Future.succeededFuture(fixedHeader);
    };
  }

  /** Where replay credentials come from, for logs and the ops API; never a secret. */
  public String describe() {
    return mode == Mode.IAM ? iam.describe() : description;
  }

  /** As {@link #authorization(JobRecord)} for anything else that kept a sealed credential ({@code owner} names it). */
  public Future<String> authorization(String sealedAuthorization, String owner) {
    return switch (mode) {
      case CLIENT -> submitters(sealedAuthorization, owner);
      case IAM -> iam.token().map(token -> "Bearer " + token);
      case BEARER, BASIC -> Future.succeededFuture(fixedHeader);
    };
  }

  private Future<String> submitters(JobRecord record) {
    return submitters(record.sealedAuthorization(), "job " + record.clientId());
  }

  private Future<String> submitters(String sealed, String owner) {
    if (sealed == null) {
      return Future.failedFuture(new GatewayException(401, "no credential was kept for " + owner
          + "; set replay.auth to iam, bearer or basic to replay it"));
    }
    try {
      return Future.succeededFuture(secrets.decrypt(sealed));
    } catch (IllegalArgumentException e) {
      // SecretBox's messages name the problem (wrong key, altered value), never the plaintext
      return Future.failedFuture(new GatewayException(401, "the credential kept for " + owner
          + " cannot be used: " + e.getMessage()));
    }
  }

  private static Mode mode(String auth) {
    try {
      return Mode.valueOf(requireNonNull(auth, "replay.auth").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("replay.auth: '" + auth + "' (expected: client, iam, bearer or basic)");
    }
  }

  private static String required(String value, String key) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(key + ": empty (expected: set for this replay.auth)");
    }
    return value;
  }
}
