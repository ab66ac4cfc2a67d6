# An image with mistakes the drift tests must catch.
FROM golang:1.26 AS builder
RUN go build -o /out/scimbridge ./cmd/scimbridge

FROM gcr.io/distroless/static-debian12
COPY --from=builder --chown=root /out/scimbridge /scimbridge
ENV OP_PROT=3002 \
    SCIMBRIDGE_DB=/data/account.db
USER 1000
EXPOSE 3000
HEALTHCHECK CMD ["/scimbridge", "healthcheck"]
ENTRYPOINT ["/scimbridge"]
