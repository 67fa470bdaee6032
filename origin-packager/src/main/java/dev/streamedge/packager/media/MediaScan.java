package dev.streamedge.packager.media;

import java.util.Optional;

/** What scanning a file found: the tracks and every packet's timing (no decoding). */
public record MediaScan(VideoInfo video, PacketTable videoPackets, Optional<AudioInfo> audio, PacketTable audioPackets) {}
