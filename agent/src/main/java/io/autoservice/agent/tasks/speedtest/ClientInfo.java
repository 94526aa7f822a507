package io.autoservice.agent.tasks.speedtest;

/**
 * What speedtest.net's configuration says about the machine's connection ({@code <client ip lat lon
 * isp country/>}). Unknown values are null.
 *
 * @param ip the public address seen by speedtest.net
 * @param isp the internet provider
 * @param country country code
 * @param lat latitude (of the address, roughly)
 * @param lon longitude
 */
public record ClientInfo(String ip, String isp, String country, Double lat, Double lon) {
  /** Nothing known. */
  public static final ClientInfo UNKNOWN = new ClientInfo(null, null, null, null, null);
}
