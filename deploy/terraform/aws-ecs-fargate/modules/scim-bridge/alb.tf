# The Application Load Balancer: HTTPS on 443 with an ACM certificate,
# forwarding plain HTTP to the bridge on 3002; the DNS record; the security
# groups that let the ALB, and only the ALB, reach the tasks.

resource "aws_security_group" "alb" {
  name_prefix = "${local.name}-alb-"
  description = "scimbridge load balancer: HTTPS from identity providers"
  vpc_id      = data.aws_vpc.this.id
  tags        = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere (identity providers' addresses vary)"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTP, redirected to HTTPS"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
}

resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  security_group_id            = aws_security_group.alb.id
  description                  = "to the bridge"
  referenced_security_group_id = aws_security_group.service.id
  ip_protocol                  = "tcp"
  from_port                    = local.bridge_port
  to_port                      = local.bridge_port
}

resource "aws_security_group" "service" {
  name_prefix = "${local.name}-service-"
  description = "scimbridge tasks: the bridge's port from the load balancer only"
  vpc_id      = data.aws_vpc.this.id
  tags        = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  security_group_id            = aws_security_group.service.id
  description                  = "the bridge's plain HTTP port, from the load balancer"
  referenced_security_group_id = aws_security_group.alb.id
  ip_protocol                  = "tcp"
  from_port                    = local.bridge_port
  to_port                      = local.bridge_port
}

# Out to the image registry, Secrets Manager, CloudWatch, the account
# service and a shared Redis.
resource "aws_vpc_security_group_egress_rule" "service_out" {
  security_group_id = aws_security_group.service.id
  description       = "everything out"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
}

resource "aws_lb" "this" {
  name               = substr(local.name, 0, 32)
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = data.aws_subnets.this.ids
  tags               = local.tags
}

resource "aws_lb_target_group" "this" {
  name_prefix          = "scim-"
  port                 = local.bridge_port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = data.aws_vpc.this.id
  deregistration_delay = 30
  tags                 = local.tags

  # /app is the status page (the 1Password examples' check since 2.3.0; "/"
  # answers 307 to it, which is why checking "/" broke). /ping needs no
  # token and does no work. Either way these codes mean "up".
  health_check {
    path                = var.health_check_path
    matcher             = "200,301,302"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = local.certificate_arn
  tags              = local.tags

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  tags              = local.tags

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

# --- certificate and DNS ------------------------------------------------------

data "aws_route53_zone" "this" {
  count = var.using_route53 ? 1 : 0

  name         = local.parent_domain
  private_zone = false
}

data "aws_acm_certificate" "wildcard" {
  count = var.wildcard_cert ? 1 : 0

  domain      = "*.${local.parent_domain}"
  statuses    = ["ISSUED"]
  most_recent = true
}

resource "aws_acm_certificate" "this" {
  count = var.wildcard_cert ? 0 : 1

  domain_name       = var.domain_name
  validation_method = "DNS"
  tags              = local.tags

  lifecycle {
    create_before_destroy = true
  }
}

# The certificate names one domain, so there is one validation record:
# counted rather than keyed by the validation options, which are known only
# once the certificate is requested.
resource "aws_route53_record" "validation" {
  count = var.using_route53 && !var.wildcard_cert ? 1 : 0

  zone_id         = data.aws_route53_zone.this[0].zone_id
  name            = one(aws_acm_certificate.this[0].domain_validation_options).resource_record_name
  type            = one(aws_acm_certificate.this[0].domain_validation_options).resource_record_type
  records         = [one(aws_acm_certificate.this[0].domain_validation_options).resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

# Waits until the certificate is issued. With another DNS provider, create
# the validation CNAME that the ACM console shows while this waits.
resource "aws_acm_certificate_validation" "this" {
  count = var.wildcard_cert ? 0 : 1

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = var.using_route53 ? aws_route53_record.validation[*].fqdn : null
}

locals {
  certificate_arn = var.wildcard_cert ? data.aws_acm_certificate.wildcard[0].arn : aws_acm_certificate_validation.this[0].certificate_arn
}

resource "aws_route53_record" "bridge" {
  count = var.using_route53 ? 1 : 0

  zone_id = data.aws_route53_zone.this[0].zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
