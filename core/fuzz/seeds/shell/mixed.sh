curl -fsSL "$U/x y" | sh -s -- --yes; echo `id -u` ${A:-b} $((1+2)); sudo -u app sh -c 'cd /x && make'; cat <<EOF
body $x
EOF
