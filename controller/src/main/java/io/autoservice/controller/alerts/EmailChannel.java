package io.autoservice.controller.alerts;

import io.autoservice.controller.model.Alert;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Sends an alert as a plain-text email over SMTP (Angus Mail): STARTTLS (required when asked for),
 * implicit TLS, or none; a login when a user is set. Connect, read and write are bounded by a
 * timeout, so a dead mail server delays only the email channel's own thread.
 */
final class EmailChannel implements Channel {
  static final String NAME = "email";
  private static final int MAX_SUBJECT = 200;

  private final Session session;
  private final InternetAddress from;
  private final InternetAddress[] to;

  EmailChannel(AlertSettings s, String password, Duration timeout) throws MessagingException {
    Properties p = new Properties();
    String proto = s.smtpSecurity().equals("tls") ? "smtps" : "smtp";
    p.put("mail.transport.protocol", proto);
    p.put("mail." + proto + ".host", s.smtpHost());
    p.put("mail." + proto + ".port", String.valueOf(s.smtpPort()));
    String ms = String.valueOf(timeout.toMillis());
    p.put("mail." + proto + ".connectiontimeout", ms);
    p.put("mail." + proto + ".timeout", ms);
    p.put("mail." + proto + ".writetimeout", ms);
    if (s.smtpSecurity().equals("starttls")) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    boolean auth = s.smtpUser() != null && !s.smtpUser().isBlank();
    p.put("mail." + proto + ".auth", String.valueOf(auth));
    Authenticator login =
        auth
            ? new Authenticator() {
              @Override
              protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(s.smtpUser(), password == null ? "" : password);
              }
            }
            : null;
    this.session = Session.getInstance(p, login);
    this.from = new InternetAddress(s.smtpFrom(), true);
    List<String> recipients = s.smtpTo();
    this.to = new InternetAddress[recipients.size()];
    for (int i = 0; i < to.length; i++) {
      to[i] = new InternetAddress(recipients.get(i), true);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void send(Alert alert, String event) throws MessagingException {
    MimeMessage m = new MimeMessage(session);
    m.setFrom(from);
    m.setRecipients(Message.RecipientType.TO, to);
    m.setSubject(subject(alert, event), StandardCharsets.UTF_8.name());
    m.setText(body(alert, event), StandardCharsets.UTF_8.name());
    Transport.send(m);
  }

  /** One line, no control characters (the hostname and message came from an agent). */
  static String subject(Alert a, String event) {
    String s =
        "[AutoService] "
            + (event.equals("resolved") ? "RESOLVED " : a.severity().toUpperCase(Locale.ROOT) + " ")
            + a.rule()
            + " on "
            + (a.hostname() == null ? a.agentId() : a.hostname())
            + ": "
            + a.message();
    s = clean(s);
    return s.length() <= MAX_SUBJECT ? s : s.substring(0, MAX_SUBJECT - 1) + "…";
  }

  static String body(Alert a, String event) {
    StringBuilder b = new StringBuilder();
    b.append(event.equals("resolved") ? "This alert has resolved." : "A new alert was raised.")
        .append("\n\n");
    line(b, "What", a.message());
    line(b, "PC", (a.hostname() == null ? "" : a.hostname() + " ") + "(agent " + a.agentId() + ")");
    if (!a.subject().isEmpty()) {
      line(b, "About", a.subject());
    }
    line(b, "Rule", a.rule() + " (" + a.severity() + ")");
    line(b, "Raised", String.valueOf(a.raisedAt()));
    if (a.runId() != null) {
      line(b, "Run", a.runId() + "  (console report " + a.runId() + ")");
    }
    if (a.resolvedAt() != null) {
      line(b, "Resolved", a.resolvedAt().toString());
    }
    b.append("\nAcknowledge it with: console alerts ack ").append(a.id()).append('\n');
    return b.toString();
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(label).append(": ").append(clean(value)).append('\n');
  }

  private static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return b.toString();
  }
}
