package io.autoservice.controller.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoservice.common.tls.CertificateRequests;
import io.autoservice.common.tls.Pem;
import io.autoservice.proto.v1.AgentGatewayGrpc;
import io.autoservice.proto.v1.AgentMessage;
import io.autoservice.proto.v1.ControllerMessage;
import io.autoservice.proto.v1.EnrollRequest;
import io.autoservice.proto.v1.EnrollResponse;
import io.autoservice.proto.v1.Hello;
import io.autoservice.proto.v1.MachineInfo;
import io.autoservice.proto.v1.RenewCertificate;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-written agent speaking TLS to a real controller: enrols with a CSR, then opens streams
 * with its certificate (or none, or a foreign one), and records what the controller answers.
 */
public final class TlsAgent implements AutoCloseable {
  public final String id;
  public final KeyPair keys = CertificateRequests.newKeyPair();
  private final int port;
  private final Path caFile;
  private final List<ManagedChannel> channels = new ArrayList<>();
  public String certificatePem;

  public TlsAgent(String id, int port, Path caFile) {
    this.id = id;
    this.port = port;
    this.caFile = caFile;
  }

  /** Enrols with {@code token}; the CSR names {@code cn}. */
  EnrollResponse enroll(String token, String cn) throws Exception {
    EnrollResponse r =
        AgentGatewayGrpc.newBlockingStub(channel(null, null))
            .withDeadlineAfter(20, TimeUnit.SECONDS)
            .enroll(
                EnrollRequest.newBuilder()
                    .setToken(token)
                    .setHostname("pc-" + id)
                    .setCsrPem(Pem.of(CertificateRequests.create(keys, cn)))
                    .build());
    certificatePem = r.getCertificatePem();
    return r;
  }

  public EnrollResponse enroll(String token) throws Exception {
    return enroll(token, id);
  }

  /** A channel with this client certificate (PEM) and key, or none when {@code certPem} is null. */
  ManagedChannel channel(String certPem, java.security.PrivateKey key) throws Exception {
    TlsChannelCredentials.Builder b =
        TlsChannelCredentials.newBuilder().trustManager(caFile.toFile());
    if (certPem != null) {
      b.keyManager(new AlwaysPresent(Pem.certificate(certPem), key));
    }
    ChannelCredentials creds = b.build();
    ManagedChannel c = NettyChannelBuilder.forAddress("127.0.0.1", port, creds).build();
    channels.add(c);
    return c;
  }

  public Stream open() throws Exception {
    return new Stream(channel(certificatePem, keys.getPrivate()));
  }

  public Stream openWith(String certPem, java.security.PrivateKey key) throws Exception {
    return new Stream(channel(certPem, key));
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
  }

  /**
   * Presents its certificate whatever CAs the server asks for, as an attacker (or our agent's own
   * key manager) would; the JDK's default key manager would stay silent for a foreign CA.
   */
  static final class AlwaysPresent extends javax.net.ssl.X509ExtendedKeyManager {
    private final java.security.cert.X509Certificate cert;
    private final java.security.PrivateKey key;

    AlwaysPresent(java.security.cert.X509Certificate cert, java.security.PrivateKey key) {
      this.cert = cert;
      this.key = key;
    }

    @Override
    public String chooseEngineClientAlias(
        String[] t, java.security.Principal[] i, javax.net.ssl.SSLEngine e) {
      return "me";
    }

    @Override
    public String chooseClientAlias(String[] t, java.security.Principal[] i, java.net.Socket s) {
      return "me";
    }

    @Override
    public String[] getClientAliases(String t, java.security.Principal[] i) {
      return new String[] {"me"};
    }

    @Override
    public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
      return new java.security.cert.X509Certificate[] {cert};
    }

    @Override
    public java.security.PrivateKey getPrivateKey(String alias) {
      return key;
    }

    @Override
    public String[] getServerAliases(String t, java.security.Principal[] i) {
      return null;
    }

    @Override
    public String chooseServerAlias(String t, java.security.Principal[] i, java.net.Socket s) {
      return null;
    }
  }

  /** One Connect stream. */
  public final class Stream implements StreamObserver<ControllerMessage> {
    public final BlockingQueue<ControllerMessage> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Status> closed = new LinkedBlockingQueue<>();
    public final StreamObserver<AgentMessage> out;

    Stream(ManagedChannel channel) {
      out = AgentGatewayGrpc.newStub(channel).connect(this);
    }

    @Override
    public void onNext(ControllerMessage m) {
      received.add(m);
    }

    @Override
    public void onError(Throwable t) {
      closed.add(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      closed.add(Status.OK);
    }

    public Stream hello(String claimedId) {
      out.onNext(
          AgentMessage.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setAgentId(claimedId)
                      .setMachine(MachineInfo.newBuilder().setHostname("pc-" + id))
                      .addSupportedTaskTypes("hello_service")
                      .setProtocolRevision(1))
              .build());
      return this;
    }

    void renew(KeyPair newKeys, String cn) {
      out.onNext(
          AgentMessage.newBuilder()
              .setRenewCertificate(
                  RenewCertificate.newBuilder()
                      .setCsrPem(Pem.of(CertificateRequests.create(newKeys, cn))))
              .build());
    }

    public ControllerMessage next() throws InterruptedException {
      ControllerMessage m = received.poll(15, TimeUnit.SECONDS);
      assertThat(m).as("a message from the controller").isNotNull();
      return m;
    }

    public Status closedWith() throws InterruptedException {
      Status s = closed.poll(15, TimeUnit.SECONDS);
      assertThat(s).as("the stream to end").isNotNull();
      return s;
    }
  }
}
