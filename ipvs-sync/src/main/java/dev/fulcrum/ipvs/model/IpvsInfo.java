package dev.fulcrum.ipvs.model;

/** What GET_INFO reports: the IPVS version code and the connection hash table size. */
public record IpvsInfo(int versionCode, int connectionTableSize) {
    /** "1.2.1" from 0x010201. */
    public String version() {
        return (versionCode >>> 16) + "." + ((versionCode >>> 8) & 0xFF) + "." + (versionCode & 0xFF);
    }
}
