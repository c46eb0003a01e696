#compdef kern

_kern_completion() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _KERN_COMPLETE=complete_zsh kern)
}

compdef _kern_completion kern
