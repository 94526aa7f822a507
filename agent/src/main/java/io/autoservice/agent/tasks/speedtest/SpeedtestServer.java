package io.autoservice.agent.tasks.speedtest;

/**
 * One speedtest.net server, as the server list describes it ({@code <server url="…/upload.php" lat
 * lon name country cc sponsor id host/>}). Unknown values are null.
 *
 * @param id the server's id
 * @param name its town
 * @param country its country
 * @param cc its country code
 * @param sponsor who runs it (usually an ISP)
 * @param host {@code host:port}
 * @param url its upload URL ({@code …/speedtest/upload.php}); the other files are beside it
 * @param lat latitude
 * @param lon longitude
 */
public record SpeedtestServer(
    String id,
    String name,
    String country,
    String cc,
    String sponsor,
    String host,
    String url,
    Double lat,
    Double lon) {

  /**
   * The folder of {@link #url} with a trailing {@code /}: where {@code latency.txt} and the images
   * are.
   */
  public String baseUrl() {
    int q = url.indexOf('?');
    String u = q >= 0 ? url.substring(0, q) : url;
    int slash = u.lastIndexOf('/');
    int scheme = u.indexOf("://");
    if (slash <= scheme + 2) {
      return u + "/";
    }
    return u.substring(0, slash + 1);
  }

  /** This server with its upload URL's {@code http://} turned into {@code https://}. */
  public SpeedtestServer secure() {
    if (url.regionMatches(true, 0, "http://", 0, 7)) {
      return new SpeedtestServer(
          id, name, country, cc, sponsor, host, "https://" + url.substring(7), lat, lon);
    }
    return this;
  }

  /** Great-circle distance in km to a point, or null when either position is unknown. */
  public Double distanceKm(Double fromLat, Double fromLon) {
    if (lat == null || lon == null || fromLat == null || fromLon == null) {
      return null;
    }
    double r = 6371;
    double dLat = Math.toRadians(lat - fromLat);
    double dLon = Math.toRadians(lon - fromLon);
    double a =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(fromLat))
                * Math.cos(Math.toRadians(lat))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return r * 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a));
  }
}
