package org.paravane.backend.vhd;

/**
 * One of the eight parent locator entries of a dynamic header (spec "Parent Locator
 * Entries"): where in the file a platform-specific path to the parent is stored.
 *
 * @param platformCode  {@link Vhd#PLATFORM_W2RU}, {@link Vhd#PLATFORM_W2KU}, {@link
 *                      Vhd#PLATFORM_MACX}, ... or {@link Vhd#PLATFORM_NONE}
 * @param dataSpace     the space reserved for the locator; the spec says in sectors, some
 *                      writers store bytes, so readers must accept both
 * @param dataLength    the length of the locator data in bytes
 * @param dataOffset    the absolute file offset of the locator data
 */
public record ParentLocator(int platformCode, int dataSpace, int dataLength, long dataOffset) {

    /** An unused entry. */
    public static final ParentLocator NONE = new ParentLocator(Vhd.PLATFORM_NONE, 0, 0, 0);

    /** Whether this entry is in use. */
    public boolean used() {
        return platformCode != Vhd.PLATFORM_NONE;
    }

    /**
     * The reserved space in bytes. Values below one sector can only be a sector count (the
     * spec's unit); larger values are taken as bytes, as Windows writes them.
     */
    public long spaceBytes() {
        long s = Integer.toUnsignedLong(dataSpace);
        return s < Vhd.SECTOR ? s * Vhd.SECTOR : s;
    }
}
