# The scimbridge bridge on AWS Fargate, mirroring the 1Password SCIM bridge
# Fargate example: copy your scimsession file next to this file, fill in
# terraform.tfvars, and apply (README.md).

module "scim_bridge" {
  source = "../../modules/scim-bridge"

  domain_name        = var.domain_name
  wildcard_cert      = var.wildcard_cert
  using_route53      = var.using_route53
  vpc_name           = var.vpc_name
  name_prefix        = var.name_prefix
  log_retention_days = var.log_retention_days
  tags               = var.tags

  # ./scimsession becomes the secret's value (base64). Without the file,
  # the secret is created empty: put the base64 in it yourself.
  scimsession_file = fileexists("${path.module}/scimsession") ? "${path.module}/scimsession" : null

  image             = var.image
  health_check_path = var.health_check_path
  redis_url         = var.redis_url
  desired_count     = var.desired_count
}
