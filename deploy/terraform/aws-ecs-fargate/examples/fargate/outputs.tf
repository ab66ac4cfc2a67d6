# The 1Password example's output names.

output "loadbalancer-dns-name" {
  description = "Point a CNAME for domain_name here when not using Route 53."
  value       = module.scim_bridge.loadbalancer_dns_name
}

output "cloudwatch-log-group" {
  description = "The bridge's and Redis's logs."
  value       = module.scim_bridge.log_group_name
}
