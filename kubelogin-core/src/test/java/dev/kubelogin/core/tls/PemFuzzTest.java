package dev.kubelogin.core.tls;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.Timeout;

/**
 * PEM from kubeconfigs (CA and client certificate data), token caches and flags: certificates and
 * keys decode, or fail with the documented security exception, never another exception.
 */
class PemFuzzTest {

  @Timeout(10) // seconds per input, in the normal build and while fuzzing
  @FuzzTest(maxDuration = "10s")
  void certificatesAndPrivateKey_anyText_valuesOrSecurityExceptions(byte[] data) {
    try {
      Pem.certificates(data);
    } catch (CertificateException e) {
      // not a certificate
    }
    try {
      Pem.privateKey(new String(data, StandardCharsets.ISO_8859_1));
    } catch (GeneralSecurityException e) {
      // not a key
    }
  }
}
