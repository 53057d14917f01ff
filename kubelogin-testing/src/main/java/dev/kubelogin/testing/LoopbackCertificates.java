package dev.kubelogin.testing;

import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;

/** Self-signed certificates for the fakes' HTTPS servers on 127.0.0.1. */
final class LoopbackCertificates {
  private LoopbackCertificates() {}

  /** A fresh RSA certificate for 127.0.0.1 and localhost, valid for two days. */
  static HeldCertificate create(String commonName) {
    return new HeldCertificate.Builder()
        .commonName(commonName)
        .addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("localhost")
        .duration(2, TimeUnit.DAYS)
        .rsa2048()
        .build();
  }
}
