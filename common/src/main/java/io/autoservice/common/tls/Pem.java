package io.autoservice.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM text for the certificates, keys and signing requests of agent enrolment. Keys are written as
 * unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY}), which both the JDK and gRPC's TLS read; the files
 * that hold them are made readable by their owner only ({@link OwnerOnlyFiles}).
 */
public final class Pem {
  private Pem() {}

  public static String of(X509Certificate cert) {
    return write(cert);
  }

  public static String of(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null).generate());
    } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
      throw new IllegalArgumentException("cannot encode the private key: " + e.getMessage(), e);
    }
  }

  public static String of(PKCS10CertificationRequest csr) {
    return write(csr);
  }

  /** Every certificate in {@code pem}, in order. */
  public static List<X509Certificate> certificates(String pem) throws TlsException {
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> out = new ArrayList<>();
      for (var c :
          cf.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new TlsException("expected a PEM certificate but found none");
      }
      return out;
    } catch (CertificateException e) {
      throw new TlsException("not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /** The first certificate in {@code pem}. */
  public static X509Certificate certificate(String pem) throws TlsException {
    return certificates(pem).get(0);
  }

  public static PrivateKey privateKey(String pem) throws TlsException {
    Object o = read(pem, "private key");
    try {
      if (o instanceof PrivateKeyInfo info) {
        return new JcaPEMKeyConverter().getPrivateKey(info);
      }
      if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        return new JcaPEMKeyConverter().getKeyPair(pair).getPrivate();
      }
    } catch (IOException e) {
      throw new TlsException("unreadable private key: " + e.getMessage(), e);
    }
    throw new TlsException("expected an unencrypted PEM private key but found " + describe(o));
  }

  public static PKCS10CertificationRequest csr(String pem) throws TlsException {
    Object o = read(pem, "certificate signing request");
    if (o instanceof PKCS10CertificationRequest csr) {
      return csr;
    }
    throw new TlsException("expected a PEM certificate signing request but found " + describe(o));
  }

  private static Object read(String pem, String what) throws TlsException {
    if (pem == null || pem.isBlank()) {
      throw new TlsException("expected a PEM " + what + " but it is empty");
    }
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      if (o == null) {
        throw new TlsException("expected a PEM " + what + " but found no PEM block");
      }
      return o;
    } catch (IOException e) {
      throw new TlsException("unreadable PEM " + what + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Object o) {
    return o.getClass().getSimpleName();
  }

  private static String write(Object o) {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(o);
    } catch (IOException e) {
      throw new IllegalStateException("PEM encoding failed", e); // a StringWriter does not fail
    }
    return sw.toString();
  }
}
