vcl 4.1;
# Varnish Cache as a CDN edge, as `./streamedge bench` runs it (placeholders filled in per run),
# with malloc storage (-s malloc,SIZE on the command line). Varnish's defaults do the rest:
# request coalescing (the waiting list), streaming of fills (do_stream), 10 s of grace (one
# background refresh per expired object), ranges served from the cached whole object.

backend files {
  .host = "${filesHost}";
  .port = "${filesPort}";
}

backend bench {
  .host = "${benchHost}";
  .port = "${benchPort}";
}

sub vcl_recv {
  if (req.url ~ "^/(slow|live)/") {
    set req.backend_hint = bench;
  } else {
    set req.backend_hint = files;
  }
}

sub vcl_backend_response {
  set beresp.do_stream = true;
}

sub vcl_deliver {
  if (obj.hits > 0) {
    set resp.http.X-Cache = "HIT";
  } else {
    set resp.http.X-Cache = "MISS";
  }
}
