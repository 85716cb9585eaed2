/**
 * Seconds as a Go duration (`1h`, `1h30m`, `45s`): ESO's refreshInterval is a metav1.Duration,
 * which Go's time.ParseDuration reads, and it has no unit above hours.
 * https://pkg.go.dev/time#ParseDuration
 */
export function goDuration(seconds: number): string {
  if (seconds <= 0) return '0s'
  const hours = Math.floor(seconds / 3_600)
  const minutes = Math.floor((seconds % 3_600) / 60)
  const rest = seconds % 60
  const parts = [
    hours > 0 ? `${hours}h` : '',
    minutes > 0 ? `${minutes}m` : '',
    rest > 0 ? `${rest}s` : '',
  ]
  return parts.join('')
}
