package com.sttgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SignatureAlgorithmTest {

  @Test
  void signsTheReferenceTestVectorsAsBase64OfTheRawDigest() {
    assertThat(SignatureAlgorithm.SHA256.sign("ThisIsMySecret", "n9ArPGMQ36Hiu7QC"))
        .isEqualTo("FyUDXJrry57fCRAWEZF7aYDblcW+Z7SPSVZ7bx9u72M=");
    assertThat(SignatureAlgorithm.SHA1.sign("ThisIsMySecret", "n9ArPGMQ36Hiu7QC"))
        .isEqualTo("dcPyZ0kMudpTxD9q2w9rb9qu6wA=");
  }

  @Test
  void parsesCommandLineSpellingsAndRejectsOthers() {
    assertThat(SignatureAlgorithm.parse("sha1")).isEqualTo(SignatureAlgorithm.SHA1);
    assertThat(SignatureAlgorithm.parse("SHA-256")).isEqualTo(SignatureAlgorithm.SHA256);
    assertThatThrownBy(() -> SignatureAlgorithm.parse("md5")).hasMessageContaining("sha1 or sha256");
  }
}
