#!/usr/bin/env bash
# Regenerates the bundled samples from ffmpeg's own sources (no outside footage):
# a 4-second 320x180 clip of a slow Mandelbrot zoom with a two-tone sine chord, and a still.
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -v error -y \
  -f lavfi -i "mandelbrot=size=320x180:rate=12:start_scale=0.02:end_scale=0.01:end_pts=40:inner=period,format=yuv420p" \
  -f lavfi -i "sine=frequency=220:sample_rate=44100" -f lavfi -i "sine=frequency=330:sample_rate=44100" \
  -filter_complex "[1][2]amix=inputs=2[a]" -map 0:v -map "[a]" -t 4 \
  -c:v libx264 -preset slow -crf 28 -pix_fmt yuv420p -c:a aac -b:a 48k -movflags +faststart clip.mp4
ffmpeg -v error -y -f lavfi -i "mandelbrot=size=480x320:start_scale=0.03:inner=period" -frames:v 1 -q:v 3 still.jpg
