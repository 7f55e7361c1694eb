package com.sttgateway.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signature rules and the job-query rewrite the relay depends on. */
class SignaturesAndRewriteTest {

  private static final byte[] MESSAGE = "n9ArPGMQ36Hiu7QC".getBytes(StandardCharsets.UTF_8);

  @Test
  void signsAndVerifiesTheReferenceVectorsOfBothAlgorithms() {
    // Test vectors from the wire reference (key ThisIsMySecret, base64 of the raw HMAC).
    assertThat(Signatures.sign("sha256", "ThisIsMySecret", MESSAGE))
        .isEqualTo("FyUDXJrry57fCRAWEZF7aYDblcW+Z7SPSVZ7bx9u72M=");
    assertThat(Signatures.sign("sha1", "ThisIsMySecret", MESSAGE)).isEqualTo("dcPyZ0kMudpTxD9q2w9rb9qu6wA=");
    assertThat(Signatures.verify("ThisIsMySecret", MESSAGE, "FyUDXJrry57fCRAWEZF7aYDblcW+Z7SPSVZ7bx9u72M=")).isTrue();
    assertThat(Signatures.verify("ThisIsMySecret", MESSAGE, "dcPyZ0kMudpTxD9q2w9rb9qu6wA=")).isTrue();
  }

  @Test
  void refusesAMissingSignatureAnotherKeyAndAnotherMessage() {
    String good = Signatures.sign("sha256", "ThisIsMySecret", MESSAGE);
    assertThat(Signatures.verify("ThisIsMySecret", MESSAGE, null)).isFalse();
    assertThat(Signatures.verify("ThisIsNotMySecret", MESSAGE, good)).isFalse();
    assertThat(Signatures.verify("ThisIsMySecret", "n9ArPGMQ36Hiu7QD".getBytes(StandardCharsets.UTF_8), good))
        .isFalse();
  }

  @Test
  void replacesOnlyTheCallbackUrlAndKeepsEveryOtherByte() {
    String query = "model=en-US_BroadbandModel&callback_url=http%3A%2F%2Fcb.example%2Fresults%3Fx%3D1%26y%3D2"
        + "&events=recognitions.started%2Crecognitions.completed_with_results&user_token=job%2025%2F%C3%BC";
    assertThat(RelayRewrite.callbackUrl(query)).isEqualTo("http://cb.example/results?x=1&y=2");

    String relayed = RelayRewrite.toRelay(query, "https://gw.example/__gateway/relay");
    assertThat(relayed).isEqualTo("model=en-US_BroadbandModel&callback_url=https%3A%2F%2Fgw.example%2F__gateway%2Frelay"
        + "&events=recognitions.started%2Crecognitions.completed_with_results&user_token=job%2025%2F%C3%BC");
    assertThat(RelayRewrite.toRelay("model=x", "https://gw.example/__gateway/relay")).isEqualTo("model=x");
    assertThat(RelayRewrite.toRelay(query, null)).isEqualTo(query);
  }

  @Test
  void aResubmissionGoesWithTheRelayUrlAndItsMarkerAsToken() {
    String relay = "callback_url=https%3A%2F%2Fgw.example%2F__gateway%2Frelay";
    assertThat(RelayRewrite.marked("model=x&callback_url=http%3A%2F%2Fcb.example%2Fr&events=recognitions.started"
        + "&user_token=mine", "https://gw.example/__gateway/relay", "sttgw-1"))
        .isEqualTo("model=x&events=recognitions.started&" + relay + "&user_token=sttgw-1");
    // Without a client callback the upstream ignored the client's events and token; now the relay's defaults apply.
    assertThat(RelayRewrite.marked("user_token=t&events=recognitions.completed_with_results&model=x",
        "https://gw.example/__gateway/relay", "sttgw-2")).isEqualTo("model=x&" + relay + "&user_token=sttgw-2");
    assertThat(RelayRewrite.marked("", "https://gw.example/__gateway/relay", "sttgw-3"))
        .isEqualTo(relay + "&user_token=sttgw-3");
    assertThat(RelayRewrite.clientToken("user_token=job%2025")).isEqualTo("job 25");
    assertThat(RelayRewrite.clientToken("model=x")).isEmpty();
  }
}
