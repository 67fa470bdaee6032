package dev.streamedge.packager.media;

/**
 * The packets of one segment, in the source tracks' time bases: video packets with decode time in
 * {@code [videoStartDts, videoEndDts)} (the first is the cut keyframe) and audio packets with
 * presentation time in {@code [audioStartPts, audioEndPts)}. Ends are exclusive; Long.MAX_VALUE means
 * "to the end of the file". Consecutive windows share their boundaries, so segments neither overlap
 * nor leave gaps.
 */
public record RemuxWindow(long videoStartPts, long videoStartDts, long videoEndDts, long audioStartPts, long audioEndPts) {}
